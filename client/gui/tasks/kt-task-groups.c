/* kt-task-groups.c: the task list split into Overdue, Today, Upcoming, Done
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-task-groups"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-date.h"
#include "kt-format.h"
#include "kt-record-list.h"
#include "kt-task-groups.h"

struct _KtTaskGroups
{
  GObject             parent_instance;

  KtStore            *store;
  KtRecordList       *open;       /* done = false, due_at ascending */
  KtRecordList       *done;       /* done = true, done_at descending */
  GtkSliceListModel  *undated;
  GtkSliceListModel  *overdue;
  GtkSliceListModel  *today;
  GtkSliceListModel  *later;
  GListModel         *upcoming;   /* later, then undated */
  gint64              now_ms;     /* 0: the wall clock */
};

G_DEFINE_FINAL_TYPE (KtTaskGroups, kt_task_groups, G_TYPE_OBJECT)

static gint64
now_ms (KtTaskGroups *self)
{
  return self->now_ms ? self->now_ms : g_get_real_time () / 1000;
}

void
kt_task_groups_day_bounds (gint64   now_unix_ms,
                           char   **out_start,
                           char   **out_end)
{
  g_autoptr(GDateTime) now = kt_format_from_unix (now_unix_ms / 1000);
  g_autoptr(GDateTime) start = g_date_time_new (kt_format_get_time_zone (),
                                                g_date_time_get_year (now),
                                                g_date_time_get_month (now),
                                                g_date_time_get_day_of_month (now),
                                                0, 0, 0);
  g_autoptr(GDateTime) end = g_date_time_add_days (start, 1);

  *out_start = kt_iso_from_unix_ms (g_date_time_to_unix (start) * 1000);
  *out_end = kt_iso_from_unix_ms (g_date_time_to_unix (end) * 1000);
}

/* 0: no due time, 1: overdue, 2: due later today, 3: due after today. */
static int
rank (KtRecord   *task,
      const char *now_iso,
      const char *day_end)
{
  const char *due = kt_record_get_string (task, "due_at");

  if (due == NULL)
    return 0;
  if (g_strcmp0 (due, now_iso) <= 0)
    return 1;
  if (g_strcmp0 (due, day_end) < 0)
    return 2;
  return 3;
}

/* The first position whose rank is at least @min_rank. */
static guint
lower_bound (GListModel *model,
             int         min_rank,
             const char *now_iso,
             const char *day_end)
{
  guint lo = 0, hi = g_list_model_get_n_items (model);

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      g_autoptr(KtRecord) task = g_list_model_get_item (model, mid);

      if (task != NULL && rank (task, now_iso, day_end) < min_rank)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
update_borders (KtTaskGroups *self)
{
  GListModel *model = G_LIST_MODEL (self->open);
  g_autofree char *now_iso = kt_iso_from_unix_ms (now_ms (self));
  g_autofree char *day_start = NULL;
  g_autofree char *day_end = NULL;
  guint n = g_list_model_get_n_items (model);
  guint a, b, c;

  kt_task_groups_day_bounds (now_ms (self), &day_start, &day_end);
  a = lower_bound (model, 1, now_iso, day_end);
  b = lower_bound (model, 2, now_iso, day_end);
  c = lower_bound (model, 3, now_iso, day_end);

  gtk_slice_list_model_set_offset (self->undated, 0);
  gtk_slice_list_model_set_size (self->undated, a);
  gtk_slice_list_model_set_offset (self->overdue, a);
  gtk_slice_list_model_set_size (self->overdue, b - a);
  gtk_slice_list_model_set_offset (self->today, b);
  gtk_slice_list_model_set_size (self->today, c - b);
  gtk_slice_list_model_set_offset (self->later, c);
  gtk_slice_list_model_set_size (self->later, n - c);
}

static void
on_open_items_changed_cb (KtTaskGroups *self,
                          guint         position,
                          guint         removed,
                          guint         added,
                          GListModel   *model)
{
  update_borders (self);
}

static void
kt_task_groups_dispose (GObject *object)
{
  KtTaskGroups *self = (KtTaskGroups *) object;

  if (self->open != NULL)
    g_signal_handlers_disconnect_by_data (self->open, self);
  g_clear_object (&self->upcoming);
  g_clear_object (&self->undated);
  g_clear_object (&self->overdue);
  g_clear_object (&self->today);
  g_clear_object (&self->later);
  g_clear_object (&self->open);
  g_clear_object (&self->done);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kt_task_groups_parent_class)->dispose (object);
}

static void
kt_task_groups_class_init (KtTaskGroupsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kt_task_groups_dispose;
}

static void
kt_task_groups_init (KtTaskGroups *self)
{
}

/**
 * kt_task_groups_new:
 * @store: the store
 *
 * Returns: (transfer full): the four groups of @store's tasks
 */
KtTaskGroups *
kt_task_groups_new (KtStore *store)
{
  KtTaskGroups *self;
  g_autoptr(KtQuery) open = kt_query_new (KT_ENTITY_TASK);
  g_autoptr(KtQuery) done = kt_query_new (KT_ENTITY_TASK);
  GListStore *parts;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);

  self = g_object_new (KT_TYPE_TASK_GROUPS, NULL);
  self->store = g_object_ref (store);

  kt_query_add_filter (open, "done", "false");
  kt_query_set_sort (open, "due_at", FALSE);
  kt_query_add_filter (done, "done", "true");
  kt_query_set_sort (done, "done_at", TRUE);
  self->open = kt_record_list_new (store, open);
  self->done = kt_record_list_new (store, done);

  self->undated = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->open)), 0, 0);
  self->overdue = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->open)), 0, 0);
  self->today = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->open)), 0, 0);
  self->later = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->open)), 0, 0);

  parts = g_list_store_new (G_TYPE_LIST_MODEL);
  g_list_store_append (parts, self->later);
  g_list_store_append (parts, self->undated);
  self->upcoming = G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (parts)));

  g_signal_connect_object (self->open, "items-changed",
                           G_CALLBACK (on_open_items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_borders (self);
  return self;
}

GListModel *
kt_task_groups_get_model (KtTaskGroups *self,
                          KtTaskGroup   group)
{
  g_return_val_if_fail (KT_IS_TASK_GROUPS (self), NULL);

  switch (group)
    {
    case KT_TASK_GROUP_OVERDUE:
      return G_LIST_MODEL (self->overdue);
    case KT_TASK_GROUP_TODAY:
      return G_LIST_MODEL (self->today);
    case KT_TASK_GROUP_UPCOMING:
      return self->upcoming;
    case KT_TASK_GROUP_DONE:
      return G_LIST_MODEL (self->done);
    case KT_TASK_N_GROUPS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * kt_task_groups_set_search:
 * @self: the groups
 * @text: (nullable): words to look for in the title and notes, or %NULL
 *
 * Narrows every group to the tasks that match @text, as the store's
 * full-text prefix search finds them (the same search as the other
 * panes); the order and the borders between the groups stay.
 */
void
kt_task_groups_set_search (KtTaskGroups *self,
                           const char   *text)
{
  KtRecordList *lists[2];

  g_return_if_fail (KT_IS_TASK_GROUPS (self));

  lists[0] = self->open;
  lists[1] = self->done;
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autoptr(KtQuery) query = kt_query_copy (kt_record_list_get_query (lists[i]));

      kt_query_set_search (query, text != NULL && *text != '\0' ? text : NULL);
      kt_record_list_set_query (lists[i], query);
    }
}

void
kt_task_groups_set_now (KtTaskGroups *self,
                        gint64        now_unix_ms)
{
  g_return_if_fail (KT_IS_TASK_GROUPS (self));

  self->now_ms = now_unix_ms;
  update_borders (self);
}

const char *
kt_task_group_get_title (KtTaskGroup group)
{
  switch (group)
    {
    case KT_TASK_GROUP_OVERDUE:
      /* Translators: a heading over the tasks past their due time (not an invoice status) */
      return C_("task group", "Overdue");
    case KT_TASK_GROUP_TODAY:
      return _("Today");
    case KT_TASK_GROUP_UPCOMING:
      return _("Upcoming");
    case KT_TASK_GROUP_DONE:
      return C_("task group", "Done");
    case KT_TASK_N_GROUPS:
    default:
      g_return_val_if_reached (NULL);
    }
}
