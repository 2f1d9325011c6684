/* stats-fixture.h: a temporary store filled with a generated, seeded data
 * set, and the generated records kept in memory so the tests can compute
 * every aggregate again by brute force.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gstdio.h>

#include "kt-store.h"

typedef struct {
  char      *dir;
  KtStore   *store;
  GDateTime *now;         /* pinned: 2026-11-25 12:00 UTC */
  char      *pipeline_id; /* the default pipeline */
  char      *other_pipeline_id;
  GPtrArray *stages;      /* of KtRecord, both pipelines */
  GPtrArray *deals;       /* of KtRecord, as saved (deleted ones flagged) */
  GPtrArray *tasks;
  GPtrArray *invoices;
  GPtrArray *payments;
} StatsFixture;

static const char * const stats_currencies[] = { "EUR", "BGN", "USD" };
static const char * const stats_owners[] = {
  "0190aaaa-0000-7000-8000-000000000001",
  "0190aaaa-0000-7000-8000-000000000002",
  "0190aaaa-0000-7000-8000-000000000003",
};
static const char * const stats_words[] = { "alpha", "beta", "gamma", "omega", "kappa" };

static inline void
stats_remove_tree (const char *path)
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

      stats_remove_tree (child);
    }
  g_dir_close (dir);
  g_rmdir (path);
}

static inline char *
stats_iso (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.000Z");
}

/* A random moment within @days_back days before and @days_ahead after now. */
static inline char *
stats_random_time (StatsFixture *fixture,
                   GRand        *rand,
                   int           days_back,
                   int           days_ahead)
{
  gint64 seconds = g_rand_int_range (rand, -days_back * 86400, days_ahead * 86400 + 1);
  g_autoptr(GDateTime) time = g_date_time_add_seconds (fixture->now, (double) seconds);

  return stats_iso (time);
}

static inline KtRecord *
stats_stage_of (StatsFixture *fixture,
                const char   *stage_id)
{
  for (guint i = 0; i < fixture->stages->len; i++)
    if (g_strcmp0 (kt_record_get_id (g_ptr_array_index (fixture->stages, i)), stage_id) == 0)
      return g_ptr_array_index (fixture->stages, i);
  return NULL;
}

static inline void
stats_save_all (StatsFixture *fixture,
                GPtrArray    *records)
{
  g_autoptr(GError) error = NULL;

  kt_store_save_all (fixture->store, records, &error);
  g_assert_no_error (error);
}

static inline void
stats_generate (StatsFixture *fixture,
                guint         n_deals)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261125);
  g_autoptr(GPtrArray) pipelines = kt_pipeline_new_default (kt_store_get_org_id (fixture->store));
  g_autoptr(GPtrArray) other = kt_pipeline_new_default (kt_store_get_org_id (fixture->store));
  g_autoptr(GError) error = NULL;

  fixture->pipeline_id = g_strdup (kt_record_get_id (g_ptr_array_index (pipelines, 0)));
  fixture->other_pipeline_id = g_strdup (kt_record_get_id (g_ptr_array_index (other, 0)));
  kt_record_set_string (g_ptr_array_index (other, 0), "name", "Renewals");
  kt_record_set_bool (g_ptr_array_index (other, 0), "is_default", FALSE);
  kt_record_set_int (g_ptr_array_index (other, 0), "position", 1);
  stats_save_all (fixture, pipelines);
  stats_save_all (fixture, other);
  for (guint i = 1; i < pipelines->len; i++)
    g_ptr_array_add (fixture->stages, g_object_ref (g_ptr_array_index (pipelines, i)));
  for (guint i = 1; i < other->len; i++)
    g_ptr_array_add (fixture->stages, g_object_ref (g_ptr_array_index (other, i)));

  for (guint i = 0; i < n_deals; i++)
    {
      KtRecord *deal = kt_record_new (kt_entity_lookup ("deal"));
      gboolean main = g_rand_int_range (rand, 0, 10) < 8;
      guint first = main ? 0 : pipelines->len - 1;
      KtRecord *stage = g_ptr_array_index (fixture->stages,
                                           first + g_rand_int_range (rand, 0, pipelines->len - 1));
      const char *kind = kt_record_get_string (stage, "kind");
      const char *status = kind;
      g_autofree char *title = g_strdup_printf ("Deal %s %u",
                                                stats_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (stats_words))], i);

      /* Some deals disagree with their stage's kind (closed from the
       * detail page, or synced from elsewhere): columns must not count them. */
      if (g_rand_int_range (rand, 0, 10) == 0)
        status = g_rand_boolean (rand) ? "open" : "won";
      kt_record_set_string (deal, "title", title);
      kt_record_set_string (deal, "pipeline_id", kt_record_get_string (stage, "pipeline_id"));
      kt_record_set_string (deal, "stage_id", kt_record_get_id (stage));
      kt_record_set_string (deal, "status", status);
      kt_record_set_string (deal, "currency", stats_currencies[g_rand_int_range (rand, 0, 3)]);
      if (g_rand_int_range (rand, 0, 20) != 0)
        kt_record_set_int (deal, "value", g_rand_int_range (rand, 0, 5000000));
      kt_record_set_int (deal, "position", (gint64) i * 1024);
      kt_record_set_owner_id (deal, stats_owners[g_rand_int_range (rand, 0, 3)]);
      if (!g_str_equal (status, "open"))
        {
          g_autofree char *closed = stats_random_time (fixture, rand, 420, 0);

          kt_record_set_string (deal, "closed_at", closed);
        }
      g_ptr_array_add (fixture->deals, deal);
    }
  stats_save_all (fixture, fixture->deals);
  for (guint i = 0; i < fixture->deals->len; i += 17)
    {
      KtRecord *deal = g_ptr_array_index (fixture->deals, i);

      kt_store_delete (fixture->store, kt_record_get_entity (deal), kt_record_get_id (deal), &error);
      g_assert_no_error (error);
      kt_record_set_deleted (deal, TRUE);
    }

  for (guint i = 0; i < n_deals / 2; i++)
    {
      KtRecord *task = kt_record_new (kt_entity_lookup ("task"));
      g_autofree char *title = g_strdup_printf ("Task %u", i);

      kt_record_set_string (task, "title", title);
      if (g_rand_int_range (rand, 0, 30) != 0)
        {
          g_autofree char *due = stats_random_time (fixture, rand, 5, 3);

          kt_record_set_string (task, "due_at", due);
        }
      if (g_rand_int_range (rand, 0, 3) == 0)
        {
          kt_record_set_bool (task, "done", TRUE);
          kt_record_set_string (task, "done_at", "2026-11-20T10:00:00.000Z");
        }
      g_ptr_array_add (fixture->tasks, task);
    }
  stats_save_all (fixture, fixture->tasks);

  for (guint i = 0; i < n_deals / 3; i++)
    {
      static const char * const statuses[] = { "draft", "sent", "partially_paid", "paid", "overdue", "cancelled" };
      KtRecord *invoice = kt_record_new (kt_entity_lookup ("invoice"));
      g_autofree char *number = g_strdup_printf ("2026-%05u", i);
      g_autofree char *due = stats_random_time (fixture, rand, 40, 40);
      gint64 total = g_rand_int_range (rand, 100, 2000000);
      const char *status = statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses))];

      due[10] = '\0';
      kt_record_set_string (invoice, "number", number);
      kt_record_set_string (invoice, "status", status);
      kt_record_set_string (invoice, "issue_date", "2026-09-01");
      kt_record_set_string (invoice, "due_date", due);
      kt_record_set_string (invoice, "currency", stats_currencies[g_rand_int_range (rand, 0, 3)]);
      kt_record_set_int (invoice, "total", total);
      if (g_str_equal (status, "partially_paid"))
        kt_record_set_int (invoice, "paid_amount", total / 3);
      g_ptr_array_add (fixture->invoices, invoice);
    }
  stats_save_all (fixture, fixture->invoices);

  for (guint i = 0; i < n_deals / 3; i++)
    {
      KtRecord *payment = kt_record_new (kt_entity_lookup ("payment"));
      g_autofree char *received = stats_random_time (fixture, rand, 400, 0);

      kt_record_set_int (payment, "amount", g_rand_int_range (rand, 1, 900000));
      kt_record_set_string (payment, "currency", stats_currencies[g_rand_int_range (rand, 0, 3)]);
      kt_record_set_string (payment, "received_at", received);
      g_ptr_array_add (fixture->payments, payment);
    }
  stats_save_all (fixture, fixture->payments);
}

static inline void
stats_fixture_set_up (StatsFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("kantora-stats-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "kantora.db", NULL);
  fixture->store = kt_store_open (path, &error);
  g_assert_no_error (error);
  fixture->now = g_date_time_new_utc (2026, 11, 25, 12, 0, 0);
  fixture->stages = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->deals = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->tasks = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->invoices = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->payments = g_ptr_array_new_with_free_func (g_object_unref);
  if (data != NULL)
    stats_generate (fixture, GPOINTER_TO_UINT (data));
}

static inline void
stats_fixture_tear_down (StatsFixture  *fixture,
                         gconstpointer  data)
{
  g_clear_pointer (&fixture->stages, g_ptr_array_unref);
  g_clear_pointer (&fixture->deals, g_ptr_array_unref);
  g_clear_pointer (&fixture->tasks, g_ptr_array_unref);
  g_clear_pointer (&fixture->invoices, g_ptr_array_unref);
  g_clear_pointer (&fixture->payments, g_ptr_array_unref);
  g_clear_pointer (&fixture->now, g_date_time_unref);
  g_clear_pointer (&fixture->pipeline_id, g_free);
  g_clear_pointer (&fixture->other_pipeline_id, g_free);
  g_clear_object (&fixture->store);
  stats_remove_tree (fixture->dir);
  g_free (fixture->dir);
}
