/* kt-dashboard-data.c: the dashboard's figures, computed off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-dashboard"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-dashboard-data.h"
#include "kt-pipelines.h"
#include "kt-store-reader.h"

struct _KtDashboardReader
{
  gatomicrefcount  ref_count;
  char            *path;
  /* The reader's connection and the lock that keeps its computations one
   * at a time: SQLite allows a connection in one thread at a time only. */
  GMutex           lock;
  KtStore         *store;
};

typedef struct {
  KtDashboardReader *reader;
  GDateTime         *now;
  guint              months;
} ComputeData;

/* The board's filters, copied for the worker thread. */
typedef struct {
  KtDashboardReader *reader;
  char              *pipeline_id;
  char              *owner_id;
  char              *search;
  char              *overdue_before;
  char              *stale_at;
} TotalsData;

/* What a worker computes on the reader's connection: a result freed with
 * the GDestroyNotify given beside it, or NULL with @error set. */
typedef gpointer (*ReaderFunc) (KtStore   *store,
                                gpointer   task_data,
                                GError   **error);

void
kt_dashboard_data_free (KtDashboardData *data)
{
  if (data == NULL)
    return;
  g_clear_pointer (&data->stats, kt_dashboard_stats_free);
  g_free (data->currency);
  g_clear_pointer (&data->stage_labels, g_ptr_array_unref);
  g_clear_pointer (&data->stage_values, g_array_unref);
  g_clear_pointer (&data->won, g_array_unref);
  g_clear_pointer (&data->collected, g_array_unref);
  g_free (data);
}

/* The default pipeline's open stages and their open value in @currency:
 * the pipeline still to win. */
static gboolean
compute_stages (KtStore          *store,
                KtDashboardData  *data,
                GError          **error)
{
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(GHashTable) totals = NULL;
  KtRecord *pipeline;

  data->stage_labels = g_ptr_array_new_with_free_func (g_free);
  data->stage_values = g_array_new (FALSE, TRUE, sizeof (gint64));

  if (!(pipelines = kt_pipelines_load (store, error)))
    return FALSE;
  if ((pipeline = kt_pipelines_pick_default (pipelines)) == NULL)
    return TRUE;
  if (!(stages = kt_pipelines_load_stages (store, kt_record_get_id (pipeline), error)) ||
      !(totals = kt_store_stats_stage_totals (store, kt_record_get_id (pipeline), NULL, error)))
    return FALSE;

  for (guint i = 0; i < stages->len; i++)
    {
      KtRecord *stage = g_ptr_array_index (stages, i);
      KtStageTotals *stage_totals = g_hash_table_lookup (totals, kt_record_get_id (stage));
      gint64 value = 0;

      if (kt_record_has (stage, "kind") && g_strcmp0 (kt_record_get_string (stage, "kind"), "open") != 0)
        continue;
      for (guint j = 0; stage_totals != NULL && j < stage_totals->sums->len; j++)
        {
          const KtCurrencySum *sum = &g_array_index (stage_totals->sums, KtCurrencySum, j);

          if (g_strcmp0 (sum->currency, data->currency) == 0)
            value = sum->value;
        }
      g_ptr_array_add (data->stage_labels, g_strdup (kt_record_get_string (stage, "name")));
      g_array_append_val (data->stage_values, value);
    }
  return TRUE;
}

/**
 * kt_dashboard_data_compute:
 * @store: the store to read
 * @now: the time the figures are for
 * @months: how many months the charts show
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the figures
 */
KtDashboardData *
kt_dashboard_data_compute (KtStore    *store,
                           GDateTime  *now,
                           guint       months,
                           GError    **error)
{
  g_autoptr(KtDashboardData) data = g_new0 (KtDashboardData, 1);

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if (!(data->stats = kt_store_stats_dashboard (store, now, error)))
    return NULL;
  data->currency = kt_store_stats_main_currency (store, KT_DEFAULT_CURRENCY);
  if (!compute_stages (store, data, error) ||
      !(data->won = kt_store_stats_won_by_month (store, data->currency, now, months, error)) ||
      !(data->collected = kt_store_stats_collected_by_month (store, data->currency, now,
                                                             months, error)))
    return NULL;
  return g_steal_pointer (&data);
}

KtDashboardReader *
kt_dashboard_reader_new (const char *path)
{
  KtDashboardReader *reader;

  g_return_val_if_fail (path != NULL, NULL);

  reader = g_new0 (KtDashboardReader, 1);
  g_atomic_ref_count_init (&reader->ref_count);
  reader->path = g_strdup (path);
  g_mutex_init (&reader->lock);
  return reader;
}

KtDashboardReader *
kt_dashboard_reader_ref (KtDashboardReader *reader)
{
  g_return_val_if_fail (reader != NULL, NULL);
  g_atomic_ref_count_inc (&reader->ref_count);
  return reader;
}

void
kt_dashboard_reader_unref (KtDashboardReader *reader)
{
  g_return_if_fail (reader != NULL);

  if (!g_atomic_ref_count_dec (&reader->ref_count))
    return;
  g_clear_object (&reader->store);
  g_mutex_clear (&reader->lock);
  g_free (reader->path);
  g_free (reader);
}

static void
compute_data_free (ComputeData *data)
{
  g_clear_pointer (&data->reader, kt_dashboard_reader_unref);
  g_clear_pointer (&data->now, g_date_time_unref);
  g_free (data);
}

/* Runs @func on @reader's connection in the calling worker thread and
 * returns its result through @task. */
static void
run_on_reader (GTask             *task,
               KtDashboardReader *reader,
               ReaderFunc         func,
               GDestroyNotify     free_result,
               GCancellable      *cancellable)
{
  g_autoptr(GError) error = NULL;
  gpointer result = NULL;

  g_mutex_lock (&reader->lock);

  /* A newer refresh may have replaced this one while it waited. */
  if (!g_task_return_error_if_cancelled (task))
    {
      if (reader->store == NULL)
        reader->store = kt_store_reader_open (reader->path, &error);
      if (reader->store != NULL)
        {
          kt_store_reader_watch_cancellable (reader->store, cancellable);
          result = func (reader->store, g_task_get_task_data (task), &error);
          kt_store_reader_watch_cancellable (reader->store, NULL);
        }

      /* An interrupted query fails: that is the cancellation, not an
       * error to report. */
      if (g_task_return_error_if_cancelled (task))
        g_clear_pointer (&result, free_result);
      else if (result == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, g_steal_pointer (&result), free_result);
    }

  g_mutex_unlock (&reader->lock);
}

static gpointer
compute_func (KtStore   *store,
              gpointer   task_data,
              GError   **error)
{
  ComputeData *data = task_data;

  return kt_dashboard_data_compute (store, data->now, data->months, error);
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ComputeData *data = task_data;

  run_on_reader (task, data->reader, compute_func,
                 (GDestroyNotify) kt_dashboard_data_free, cancellable);
}

void
kt_dashboard_data_compute_async (KtDashboardReader   *reader,
                                 GDateTime           *now,
                                 guint                months,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ComputeData *data;

  g_return_if_fail (reader != NULL);
  g_return_if_fail (now != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (ComputeData, 1);
  data->reader = kt_dashboard_reader_ref (reader);
  data->now = g_date_time_ref (now);
  data->months = months;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kt_dashboard_data_compute_async);
  g_task_set_task_data (task, data, (GDestroyNotify) compute_data_free);
  g_task_run_in_thread (task, compute_thread);
}

/**
 * kt_dashboard_data_compute_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the figures
 */
KtDashboardData *
kt_dashboard_data_compute_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kt_dashboard_data_compute_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
totals_data_free (TotalsData *data)
{
  g_clear_pointer (&data->reader, kt_dashboard_reader_unref);
  g_free (data->pipeline_id);
  g_free (data->owner_id);
  g_free (data->search);
  g_free (data->overdue_before);
  g_free (data->stale_at);
  g_free (data);
}

static gpointer
totals_func (KtStore   *store,
             gpointer   task_data,
             GError   **error)
{
  TotalsData *data = task_data;
  KtDealFilter filter = { data->owner_id, data->search, data->overdue_before, data->stale_at };

  return kt_store_stats_stage_totals (store, data->pipeline_id, &filter, error);
}

static void
totals_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  TotalsData *data = task_data;

  run_on_reader (task, data->reader, totals_func,
                 (GDestroyNotify) g_hash_table_unref, cancellable);
}

/**
 * kt_dashboard_stage_totals_async:
 * @reader: the reader whose connection computes them
 * @pipeline_id: the board's pipeline
 * @filter: (nullable): the board's filters (copied)
 * @cancellable: (nullable): cancels the computation
 * @callback: called on the calling thread's main context
 * @user_data: for @callback
 *
 * kt_store_stats_stage_totals() in a worker thread on @reader's own
 * connection, as the dashboard's figures are.
 */
void
kt_dashboard_stage_totals_async (KtDashboardReader   *reader,
                                 const char          *pipeline_id,
                                 const KtDealFilter  *filter,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TotalsData *data;

  g_return_if_fail (reader != NULL);
  g_return_if_fail (pipeline_id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (TotalsData, 1);
  data->reader = kt_dashboard_reader_ref (reader);
  data->pipeline_id = g_strdup (pipeline_id);
  if (filter != NULL)
    {
      data->owner_id = g_strdup (filter->owner_id);
      data->search = g_strdup (filter->search);
      data->overdue_before = g_strdup (filter->overdue_before);
      data->stale_at = g_strdup (filter->stale_at);
    }

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kt_dashboard_stage_totals_async);
  g_task_set_task_data (task, data, (GDestroyNotify) totals_data_free);
  g_task_run_in_thread (task, totals_thread);
}

/**
 * kt_dashboard_stage_totals_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the totals by stage id, as
 *   kt_store_stats_stage_totals() returns them
 */
GHashTable *
kt_dashboard_stage_totals_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kt_dashboard_stage_totals_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
