/* kt-task-notifier.c: a signal when a task falls due
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-task-notifier"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-date.h"
#include "kt-record-list.h"
#include "kt-task-notifier.h"

/* Wake at least this often so that a changed system clock or a resume from
 * suspend is noticed within the hour. */
#define MAX_SLEEP_SECONDS (60 * 60)

struct _KtTaskNotifier
{
  GObject        parent_instance;

  KtRecordList  *open;         /* done = false, due_at ascending */
  char          *last_check;   /* ISO: tasks due up to here are announced */
  char          *next_due;
  guint          timeout_id;
};

G_DEFINE_FINAL_TYPE (KtTaskNotifier, kt_task_notifier, G_TYPE_OBJECT)

enum {
  TASK_DUE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule (KtTaskNotifier *self);

/* The first open task due strictly after @iso (NULL due times sort first
 * and count as "before"). */
static guint
first_due_after (GListModel *model,
                 const char *iso)
{
  guint lo = 0, hi = g_list_model_get_n_items (model);

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      g_autoptr(KtRecord) task = g_list_model_get_item (model, mid);
      const char *due = task ? kt_record_get_string (task, "due_at") : NULL;

      if (due == NULL || g_strcmp0 (due, iso) <= 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

void
kt_task_notifier_check (KtTaskNotifier *self)
{
  GListModel *model;
  g_autofree char *now = NULL;
  guint n;

  g_return_if_fail (KT_IS_TASK_NOTIFIER (self));

  model = G_LIST_MODEL (self->open);
  now = kt_iso_from_unix_ms (g_get_real_time () / 1000);
  n = g_list_model_get_n_items (model);

  for (guint i = first_due_after (model, self->last_check); i < n; i++)
    {
      g_autoptr(KtRecord) task = g_list_model_get_item (model, i);
      const char *due = kt_record_get_string (task, "due_at");

      if (g_strcmp0 (due, now) > 0)
        break;
      g_signal_emit (self, signals[TASK_DUE], 0, task);
    }

  g_free (self->last_check);
  self->last_check = g_steal_pointer (&now);
  schedule (self);
}

static gboolean
on_timeout_cb (gpointer data)
{
  KtTaskNotifier *self = data;

  self->timeout_id = 0;
  kt_task_notifier_check (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (KtTaskNotifier *self)
{
  GListModel *model = G_LIST_MODEL (self->open);
  guint next;
  gint64 due_ms;
  gint64 wait_s;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_pointer (&self->next_due, g_free);

  next = first_due_after (model, self->last_check);
  if (next >= g_list_model_get_n_items (model))
    return;

  {
    g_autoptr(KtRecord) task = g_list_model_get_item (model, next);

    self->next_due = g_strdup (kt_record_get_string (task, "due_at"));
  }
  if (!kt_datetime_parse (self->next_due, &due_ms))
    return;

  /* Round up so the timer never fires just before the due time. */
  wait_s = (due_ms - g_get_real_time () / 1000 + 999) / 1000;
  wait_s = CLAMP (wait_s, 1, MAX_SLEEP_SECONDS);
  self->timeout_id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, (guint) wait_s,
                                                 on_timeout_cb, self, NULL);
}

static void
on_open_items_changed_cb (KtTaskNotifier *self)
{
  schedule (self);
}

static void
kt_task_notifier_dispose (GObject *object)
{
  KtTaskNotifier *self = (KtTaskNotifier *) object;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->open != NULL)
    g_signal_handlers_disconnect_by_data (self->open, self);
  g_clear_object (&self->open);

  G_OBJECT_CLASS (kt_task_notifier_parent_class)->dispose (object);
}

static void
kt_task_notifier_finalize (GObject *object)
{
  KtTaskNotifier *self = (KtTaskNotifier *) object;

  g_free (self->last_check);
  g_free (self->next_due);

  G_OBJECT_CLASS (kt_task_notifier_parent_class)->finalize (object);
}

static void
kt_task_notifier_class_init (KtTaskNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kt_task_notifier_dispose;
  object_class->finalize = kt_task_notifier_finalize;

  /**
   * KtTaskNotifier::task-due:
   * @task: the task (a KtRecord) that fell due
   */
  signals[TASK_DUE] =
    g_signal_new ("task-due", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, KT_TYPE_RECORD);
}

static void
kt_task_notifier_init (KtTaskNotifier *self)
{
}

/**
 * kt_task_notifier_new:
 * @store: the store
 *
 * Returns: (transfer full): a notifier that watches @store's open tasks
 */
KtTaskNotifier *
kt_task_notifier_new (KtStore *store)
{
  KtTaskNotifier *self;
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_TASK);

  g_return_val_if_fail (KT_IS_STORE (store), NULL);

  self = g_object_new (KT_TYPE_TASK_NOTIFIER, NULL);
  kt_query_add_filter (query, "done", "false");
  kt_query_set_sort (query, "due_at", FALSE);
  self->open = kt_record_list_new (store, query);
  /* Tasks that were already overdue when the app started are in the
   * Overdue group; announcing them all at once would only be noise. */
  self->last_check = kt_iso_from_unix_ms (g_get_real_time () / 1000);

  g_signal_connect_object (self->open, "items-changed",
                           G_CALLBACK (on_open_items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  schedule (self);
  return self;
}

const char *
kt_task_notifier_get_next_due (KtTaskNotifier *self)
{
  g_return_val_if_fail (KT_IS_TASK_NOTIFIER (self), NULL);
  return self->next_due;
}

KtTaskNotifier *
kt_task_notifier_ensure (KtContext *context)
{
  KtTaskNotifier *self;

  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);

  /* Kept on the context, not the store: the notifier's list holds the
   * store, and a reference back from the store would never be dropped. */
  self = g_object_get_data (G_OBJECT (context), "kt-task-notifier");
  if (self == NULL)
    {
      self = kt_task_notifier_new (kt_context_get_store (context));
      g_object_set_data_full (G_OBJECT (context), "kt-task-notifier", self, g_object_unref);
    }
  return self;
}
